"""The use cases that cross packages, each in one place that the API, the UI, the CLI and jobs all call."""
