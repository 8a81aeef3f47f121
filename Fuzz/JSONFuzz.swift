import Foundation

/// libFuzzer entry point of the `json` target: traps when `JSONFuzzCheck` finds a failure (see its comment).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let failure = JSONFuzzCheck.failure(Data(bytes: bytes, count: count)) { fatalError(failure) }
    return 0
}
