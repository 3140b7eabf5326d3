"""Reference data: official regions, categories, sectors and the agency directory built from them."""
