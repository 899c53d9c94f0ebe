using System.Linq.Expressions;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Documents;

/// <summary>
/// Who reads and writes which workspace, as query predicates so that the database never returns what the user may
/// not see. The national workspace has no Province, hence these explicit rules instead of the tenant filter.
/// </summary>
public static class DocumentAccess
{
    public static bool IsDocumentAdmin(PortalPrincipal user) => user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin);

    public static Expression<Func<Workspace, bool>> CanRead(PortalPrincipal user)
    {
        if (!user.IsAuthenticated || !user.Satisfies(Policies.Documents)) return w => false;
        if (user.IsPlatformAdmin) return w => true;
        var provinceId = user.ProvinceId ?? -1;
        var userId = user.UserId!;
        if (user.IsInRole(Roles.ComuneUser))
        {
            var comuneId = user.ComuneId ?? -1;
            return w => w.Kind == WorkspaceKind.Nazionale
                || (w.Kind == WorkspaceKind.Comune && w.ComuneId == comuneId)
                || (w.Kind == WorkspaceKind.Personalizzato && w.Members.Any(m => m.UserId == userId));
        }
        var provinceAdmin = user.IsInRole(Roles.ProvinceAdmin);
        return w => w.Kind == WorkspaceKind.Nazionale
            || (w.ProvinceId == provinceId && (w.Kind != WorkspaceKind.Personalizzato || provinceAdmin || w.Members.Any(m => m.UserId == userId)));
    }

    /// <summary>
    /// Writing is reading, except the national models (only platform and provincial administrators write there) and
    /// archived workspaces (read-only for everybody).
    /// </summary>
    public static bool CanWrite(PortalPrincipal user, Workspace w) =>
        w.ArchivedAtUtc is null && (w.Kind != WorkspaceKind.Nazionale || IsDocumentAdmin(user));

    /// <summary>Who manages the "Personalizzato" workspaces of a Province: its administrators and the platform's.</summary>
    public static bool CanAdministerWorkspacesOf(PortalPrincipal user, int? provinceId) =>
        user.IsPlatformAdmin || (user.IsInRole(Roles.ProvinceAdmin) && provinceId is not null && user.ProvinceId == provinceId);
}
