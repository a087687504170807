// Package procmem reads the memory of a running process for scanning, as
// yara scans a PID: the process is attached (and so stopped) while it is
// read, its readable mappings (/proc/PID/maps on Linux) become blocks of at
// most a chunk size each, and the blocks are read at their virtual
// addresses (/proc/PID/mem). Only Linux is supported; Open fails on other
// systems.
package procmem
