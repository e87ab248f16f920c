// Placeholder translation unit so that conformance_tests links before any format adds its suite.
