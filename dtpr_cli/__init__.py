"""The ``dtpr`` command: the composition root that wires the domain and the three services."""
