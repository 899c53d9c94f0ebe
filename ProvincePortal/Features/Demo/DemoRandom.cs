namespace ProvincePortal.Features.Demo;

/// <summary>
/// Every generated value is a hash of (seed, entity, row, field): no shared random state, so a row is the same whatever
/// order or thread produced it, and the same seed gives the same data on any database.
/// </summary>
public readonly struct DemoRandom(long seed, int entity, long row)
{
    /// <summary>SplitMix64's finaliser: a cheap, well-mixed 64-bit hash.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Bits(int field) =>
        Mix((ulong)seed * 0xD6E8FEB86659FD93UL ^ Mix((ulong)entity << 40 ^ (ulong)field) ^ Mix((ulong)row * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL));

    /// <summary>0 ≤ n &lt; max.</summary>
    public int Int(int field, int max) => (int)(Bits(field) % (ulong)max);

    public int Between(int field, int min, int maxInclusive) => min + Int(field, maxInclusive - min + 1);

    /// <summary>0 ≤ u &lt; 1.</summary>
    public double Unit(int field) => (Bits(field) >> 11) * (1.0 / (1UL << 53));

    public bool Chance(int field, double p) => Unit(field) < p;

    public T Pick<T>(int field, IReadOnlyList<T> items) => items[Int(field, items.Count)];

    public DemoRandom Child(long subRow) => new(seed, entity, row * 1_000_003 + subRow);
}
