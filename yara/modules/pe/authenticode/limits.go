package authenticode

// Limits on what the parser accepts. Signature blobs come from the file,
// so every count and depth is bounded here; sizes are bounded by the blob.
const (
	// maxTagBytes bounds a high-form ASN.1 tag number: no tag used here
	// needs more than one byte, and four keep the number inside an int.
	maxTagBytes = 4
	// maxOIDBytes bounds an OBJECT IDENTIFIER encoding; real ones are
	// under 32 bytes.
	maxOIDBytes = 64
	// maxSequence bounds the members read from one SEQUENCE or SET that
	// has a fixed shape (SignedData has six, a certificate ten).
	maxSequence = 64
	// maxCertificates bounds the certificates read from one bag: real
	// signatures carry fewer than ten.
	maxCertificates = 256
	// maxSignerInfos bounds the SignerInfos read from one SignedData
	// (Authenticode requires exactly one).
	maxSignerInfos = 16
	// maxAttributes bounds the attributes read from one attribute set.
	maxAttributes = 64
	// maxAttributeValues bounds the values read from one attribute.
	maxAttributeValues = 64
	// maxNameEntries bounds the relative distinguished names formatted
	// from one X.509 name.
	maxNameEntries = 128
	// maxSignatures bounds the signatures (primary and nested) read from
	// one file: real files have one or two.
	maxSignatures = 16
	// maxNesting bounds how deep nested signatures are followed: nested
	// signatures are only ever one level deep in practice.
	maxNesting = 4
	// maxCountersignatures bounds the countersignatures read per signer.
	maxCountersignatures = 16
	// maxChain bounds a certificate chain built from a bag.
	maxChain = 16
	// maxRSABits bounds the RSA modulus verified: larger keys are not used
	// for code signing and would make verification needlessly slow.
	maxRSABits = 16384
)
