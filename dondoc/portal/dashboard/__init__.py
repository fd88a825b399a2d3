"""The coordinators' views: the district at a glance, its villages, one directive in full."""
