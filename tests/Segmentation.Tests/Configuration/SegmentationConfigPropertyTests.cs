using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Configuration;

namespace Segmentation.Tests.Configuration;

public class SegmentationConfigPropertyTests
{
    [Property(MaxTest = 200)]
    public Property FromJson_CapacityOwners_RefusedExactlyOutsideTheRangeWithItsPath(int owners)
    {
        string json = string.Create(CultureInfo.InvariantCulture, $$"""{ "capacity": { "csm": { "accountsPerOwner": 30, "owners": {{owners}} } } }""");
        bool valid = owners is >= 0 and <= 10_000;
        try
        {
            SegmentationConfig config = SegmentationConfig.FromJson(json);
            return (valid && config.Capacity["csm"].Owners == owners).Label($"accepted {owners}");
        }
        catch (SegmentationConfigException e)
        {
            return (!valid && e.Errors.Count == 1 && e.Problems[0].Path == "capacity.csm.owners" && e.Problems[0].Problem.EndsWith($"but was {owners.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal))
                .Label(e.Message);
        }
    }

    [Property(MaxTest = 100)]
    public Property ToJson_ThenFromJson_KeepsCapacityPriorityAndClustering()
    {
        Gen<(int Owners, int PerOwner, double Weight, int K, int Seed)> values =
            from owners in Gen.Choose(0, 10_000)
            from perOwner in Gen.Choose(1, 10_000)
            from weight in Gen.Choose(0, 1000).Select(w => w / 10.0)
            from k in Gen.Choose(1, 50)
            from seed in Gen.Choose(-1000, 1000)
            select (owners, perOwner, weight, k, seed);
        return Prop.ForAll(Arb.From(values), v =>
        {
            var config = new SegmentationConfig();
            config.Capacity["sales"] = new Segmentation.Playbooks.OwnerCapacity { Owners = v.Owners, AccountsPerOwner = v.PerOwner };
            config.Priority.ChurnWeight = v.Weight;
            config.Clustering.K = v.K.ToString(CultureInfo.InvariantCulture);
            config.Clustering.Seed = v.Seed;

            SegmentationConfig read = SegmentationConfig.FromJson(config.ToJson());

            return (read.Capacity["sales"].Owners == v.Owners && read.Capacity["sales"].AccountsPerOwner == v.PerOwner
                && read.Priority.ChurnWeight == v.Weight && read.Clustering.K == config.Clustering.K && read.Clustering.Seed == v.Seed
                && read.ToJson() == config.ToJson()).Label(config.ToJson());
        });
    }
}
