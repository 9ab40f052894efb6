"""The terminal's entry points to the use cases: ``innodock need``, ``review``, ``engagement``, ``match`` and
``assign`` call :mod:`flows`, as the JSON API and the web pages do, so a step taken at the terminal moves the need,
records its events and announces them exactly as the same step taken on the web.

Commands that touch one package only (``innodock kb``, ``intake extract``, ``index``, ``team``, ``evaluate``) stay
in that package's ``cli`` module."""
