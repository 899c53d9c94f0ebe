namespace ProvincePortal.Features.Identity;

/// <summary>Users, roles and their Province/Comune, for administrators. (Being implemented.)</summary>
public sealed class UserAdministrationService;
