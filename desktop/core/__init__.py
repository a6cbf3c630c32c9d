"""Domain core: entities, validation and workflow rules. Pure Python; never imports Qt."""
