"""HTTP adapters: parse requests, call the domain services, shape responses."""
