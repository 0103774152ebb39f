"""The JSON API ``/api/v1`` and the public ``.json`` twins; one module per resource."""
