namespace ProvincePortal;

/// <summary>
/// Marker for the one resource set of the UI. Keys are the Italian texts themselves, so Italian is always
/// shown even when a translation is missing; Resources/SharedResource.en.resx holds the English ones.
/// </summary>
public sealed class SharedResource;
