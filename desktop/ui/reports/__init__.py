"""Reports and dashboards: the network report (programme managers, admins)."""
