using MudBlazor;

namespace ProvincePortal.Components.Layout;

/// <summary>The AgID (Italian public administration) palette and Titillium Web, with contrast checked for WCAG 2.1 AA.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0066CC",
            PrimaryDarken = "#004D99",
            Secondary = "#5C6F82",
            Tertiary = "#00264D",
            Info = "#0059B3",
            Success = "#006B4E", // darker than AgID #008055: the filled snackbar reached only 4.28:1 in axe
            Warning = "#995C00",
            Error = "#D9364F",
            AppbarBackground = "#0066CC",
            AppbarText = "#FFFFFF",
            DrawerBackground = "#FFFFFF",
            DrawerText = "#17324D",
            DrawerIcon = "#0066CC",
            TextPrimary = "#17324D",
            TextSecondary = "#455B71",
            Background = "#F5F7FA",
            ActionDefault = "#455B71",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Titillium Web", "Geneva", "Tahoma", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "4px" },
    };
}
