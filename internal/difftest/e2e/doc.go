// Package e2e holds the end-to-end differential tests of Overt against
// yara: the public rule sets of the shared material over files generated
// from their own strings and over a real-file corpus, and console module
// output, all compared on yara's text output (`yara -s` against
// `overt scan -s`, run in-process through the command line package).
//
// The tests skip when yara is not on PATH or the material is missing. They
// read:
//
//	OVERT_RULES_DIR   the rule sets (default ../shared/rules beside the
//	                  repository)
//	OVERT_CORPUS      a corpus directory built by scripts/corpus.sh
//	                  (default $HOME/.cache/overt/corpus-50)
//	OVERT_E2E_FULL=1  generated files for every variant of every rule
//	                  (default: every rule's PE-like file and a sample of
//	                  the rest, to stay within CI's time)
//	OVERT_E2E_STRICT=1  fail on pending Overt bugs too (see below)
//
// Known yara 4.2.3 bugs that YARA 4.5 fixed are listed, with reasons, in
// the allow-list of the tests; every other difference fails, except the
// Overt bugs these tests found that are not fixed yet: they are listed as
// pending, logged, and fail only under OVERT_E2E_STRICT=1. testdata/ holds
// small reproductions (NAME.yar over NAME.bin) of differences found on the
// public sets. bench/difftest.sh runs the same comparisons in full, on the
// 1 GiB corpus.
package e2e
