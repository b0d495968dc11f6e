"""OpenFisca model of the schemes: entities and variables (formulas shared by all tenants)."""
