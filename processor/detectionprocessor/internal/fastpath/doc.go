// Package fastpath evaluates in Go what it can read of a rule's OTTL
// condition, so that OTTL runs only for the rest. A Builder reads the
// conditions of a rule set (their text, lists and macros expanded) into
// programs that share what they read of a record: each attribute is looked
// up once (a slot), scanned once for the literal text every pattern on it
// needs, and each expression common to several conditions is judged once.
// A program's verdict is exact where it says Yes or No — where it says Yes,
// OTTL holds; where it says No, OTTL does not (it is false, or fails, and a
// failing condition does not hold) — and Maybe where it could not read
// enough. A gate is what a rule's condition cannot hold without, checked
// before anything else of the rule.
//
// The package knows nothing of rule files: the rules package compiles them,
// the engine asks this one for each condition's program and gate.
package fastpath
