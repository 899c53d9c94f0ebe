using Xunit.Abstractions;
using Xunit.Sdk;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// Runs a class's tests in the order they are written, for a fixture whose last test changes it for good (e.g. stops
/// one of two app nodes). Use: [TestCaseOrderer(DeclarationOrder.Name, DeclarationOrder.Assembly)].
/// </summary>
public sealed class DeclarationOrder : ITestCaseOrderer
{
    public const string Name = "ProvincePortal.Tests.Infrastructure.DeclarationOrder";
    public const string Assembly = "ProvincePortal.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        // Metadata tokens of a type's methods follow their order in the source file.
        testCases.OrderBy(t => t.TestMethod.Method is IReflectionMethodInfo m ? m.MethodInfo.MetadataToken : int.MaxValue)
            .ThenBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
