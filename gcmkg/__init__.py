"""GCM-KG core: namespaces, configuration, resources, registries, store access and the command line."""

__version__ = "0.1.0"
