using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ProvincePortal.Components.Shared;

/// <summary>
/// A template column whose sort name is given (the service's sort key) instead of an expression: MudBlazor's
/// PropertyColumn compiles its <c>Property</c> lambda with Expression.Compile in every new column and every time the
/// page re-renders (Razor builds a new expression tree each render), measured at ~13 % of the server's CPU during list
/// navigations (compile + the finalizers of the dynamic methods, bench/README.md "Active users, second round").
/// A server-data grid only needs the name.
/// </summary>
public sealed class SortableTemplateColumn<T> : TemplateColumn<T>
{
    /// <summary>The name the grid's SortDefinition carries to the ServerData function.</summary>
    [Parameter, EditorRequired] public string SortName { get; set; } = "";

    [Parameter] public override bool? Sortable { get; set; } = true;

    public override string PropertyName => SortName;
}
