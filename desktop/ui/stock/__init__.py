"""The Stock page: the spoke's medicine list and its quantities, kept by the operator."""
