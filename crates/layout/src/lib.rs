//! Layered layout of the include graph (work in progress).
