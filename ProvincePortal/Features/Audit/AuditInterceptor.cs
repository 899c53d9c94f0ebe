using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ProvincePortal.Features.Audit;

/// <summary>Records every insert/update/delete of domain data in the same SaveChanges. (Being implemented.)</summary>
public sealed class AuditInterceptor : SaveChangesInterceptor;
