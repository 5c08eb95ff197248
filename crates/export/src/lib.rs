//! Export as a real flake (work in progress).
