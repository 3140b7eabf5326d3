"""The delivery channels, one module each (delivery/channel.py says what a channel is). Every module here
is imported by the registry on first use and registers its channel itself: adding a channel is
adding a module (and its templates), nothing else."""
