"""Readers of file formats: FlySight logs, wind soundings and tables, gridded forecasts,
scenario files. Used by the command line and the planning layer only; the numeric core
never touches files."""
