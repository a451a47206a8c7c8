//! The strix test-suite runner (Lua conformance tests, golden outputs, benchmarks).
