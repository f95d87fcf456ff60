"""Static assets of the web review map (served by rasd.api)."""
