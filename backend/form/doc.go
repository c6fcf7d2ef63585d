// Package form holds form schemas and everything that runs them: parsing and validating a schema
// written in YAML or JSON, a JSON Logic evaluator for its relevant/calculate/check rules, and the
// normalisation, evaluation and fact extraction of submitted values.
//
// The package is pure (no database, no HTTP) so that the same rules can be tested here against the
// shared vectors in seeds/forms/vectors.json, which the browser's evaluator runs too.
package form
