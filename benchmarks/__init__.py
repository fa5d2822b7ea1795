# SPDX-License-Identifier: MIT
"""Scripts that generate big books and print figures and ratios (run them with ``python -m``).

Speed goals live here, never in timed tests: the machine a test runs on is too noisy to judge
milliseconds, so every figure is printed next to a baseline measured in the same run.
"""
