// Package modtest holds the test support shared by the file-format modules
// (dex, dotnet, elf, macho, pe): running Debian's yara on a file and
// comparing its console.log lines with Overt's, building Go samples and
// damaged variants of them, and dumping a module's value tree for golden
// files.
//
// It is an ordinary package imported only by tests. It does not import the
// scanning engine, so that a module's in-package tests can use it without
// an import cycle; package scanlog runs the engine.
package modtest
