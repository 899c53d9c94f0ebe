using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Query;

namespace ProvincePortal.Data;

/// <summary>
/// Parts of queries written once as expressions (a condition, an order, a row's projection) and used inside several
/// queries, compiled ones included. In a query <c>Part.Invoke(a, b)</c> stands for the body of the expression
/// <c>Part</c> (a static field or property) on those arguments, and <see cref="Expand{T}"/> puts the body in its place
/// before the query reaches EF, which cannot translate the call of a delegate. The SQL is what the query would be with
/// the part written out by hand.
/// </summary>
public static class QueryParts
{
    public static TResult Invoke<T1, TResult>(this Expression<Func<T1, TResult>> part, T1 a1) => throw NotExpanded();

    public static TResult Invoke<T1, T2, TResult>(this Expression<Func<T1, T2, TResult>> part, T1 a1, T2 a2) => throw NotExpanded();

    public static TResult Invoke<T1, T2, T3, TResult>(this Expression<Func<T1, T2, T3, TResult>> part, T1 a1, T2 a2, T3 a3) =>
        throw NotExpanded();

    public static TResult Invoke<T1, T2, T3, T4, TResult>(this Expression<Func<T1, T2, T3, T4, TResult>> part, T1 a1, T2 a2, T3 a3, T4 a4) =>
        throw NotExpanded();

    public static TResult Invoke<T1, T2, T3, T4, T5, T6, TResult>(this Expression<Func<T1, T2, T3, T4, T5, T6, TResult>> part,
        T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6) => throw NotExpanded();

    /// <summary><paramref name="query"/> with every <c>Invoke</c> of a part replaced by the part's body on its arguments, parts within parts too.</summary>
    public static Expression<T> Expand<T>(Expression<T> query) => (Expression<T>)new Expander().Visit(query);

    private static InvalidOperationException NotExpanded() =>
        new("Una parte di query va espansa con QueryParts.Expand prima di eseguire la query.");

    private sealed class Expander : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(QueryParts) || node.Method.Name != nameof(Invoke)) return base.VisitMethodCall(node);
            var part = node.Arguments[0] switch
            {
                MemberExpression { Expression: null, Member: FieldInfo field } => field.GetValue(null),
                MemberExpression { Expression: null, Member: PropertyInfo property } => property.GetValue(null),
                var other => throw new InvalidOperationException($"QueryParts: la parte «{other}» deve essere un campo o una proprietà statica."),
            } as LambdaExpression
                // A static field read before its initializer ran (declared further down in its class).
                ?? throw new InvalidOperationException($"QueryParts: la parte «{node.Arguments[0]}» non è ancora inizializzata.");
            var arguments = node.Arguments.Skip(1).Select(Visit).ToList();
            // The part's body may itself use parts.
            return Visit(new ReplacingExpressionVisitor(part.Parameters, arguments!).Visit(part.Body));
        }
    }
}
