import Foundation

/// libFuzzer entry point of the `callback` target: traps when `CallbackFuzzCheck` finds a failure (see its comment).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCallbackParser(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let failure = CallbackFuzzCheck.failure(Data(bytes: bytes, count: count)) { fatalError(failure) }
    return 0
}
