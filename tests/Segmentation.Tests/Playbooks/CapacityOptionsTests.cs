using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class CapacityOptionsTests
{
    [Fact]
    public void LimitedRoles_SetOutOfOrder_ListsRolesInRoleOrderWithTheirParts()
    {
        var capacity = new CapacityOptions().Set(OwnerRole.Sales, accountsPerOwner: 20, owners: 2).Set(OwnerRole.Csm, accountsPerOwner: 30, owners: 4);

        Assert.Equal([OwnerRole.Csm, OwnerRole.Sales], capacity.LimitedRoles);
        Assert.Equal((30, 4, 120), (capacity.AccountsPerOwnerOf(OwnerRole.Csm), capacity.OwnersOf(OwnerRole.Csm), capacity.CapacityOf(OwnerRole.Csm)));
        Assert.Equal((20, 2, 40), (capacity.AccountsPerOwnerOf(OwnerRole.Sales), capacity.OwnersOf(OwnerRole.Sales), capacity.CapacityOf(OwnerRole.Sales)));
    }

    [Fact]
    public void AccountsPerOwnerOf_RoleWithoutCapacity_IsNullAsUnlimited()
    {
        var capacity = new CapacityOptions().Set(OwnerRole.Csm, accountsPerOwner: 30, owners: 1);

        Assert.Equal((null, null, null), (capacity.AccountsPerOwnerOf(OwnerRole.Leadership), capacity.OwnersOf(OwnerRole.Leadership), capacity.CapacityOf(OwnerRole.Leadership)));
        Assert.Empty(new CapacityOptions().LimitedRoles);
    }
}
