"""Reports, charts, exports, the performance system's own health and the process survey."""
