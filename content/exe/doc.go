// Package exe looks inside Windows executables for --unpack: installers and
// self-extractors that carry files in the PE overlay or in resources (NSIS,
// InstallShield, AutoIt) and packed programs whose code appears only after
// their unpacking stub has run (UPX, ASPack, …).
//
// Each kind is a Handler registered with Register from its own package's
// init function. This package registers one content.Extractor for every
// PE file; it parses the headers once (Parse) and runs every handler in
// registration order. A handler that does not recognise the file returns
// at once; several may yield objects from the same file (an installer that
// is also packed). Objects are named by the handler, e.g. "#unpacked" for a
// memory image or an installer's own entry path.
package exe
