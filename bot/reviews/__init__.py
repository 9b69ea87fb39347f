"""Reviews: self, peer and manager ratings with evidence, the final score, calibration and results."""
