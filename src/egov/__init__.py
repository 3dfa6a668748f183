"""egov: the e-government platform of a Vietnamese province."""
