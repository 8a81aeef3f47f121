import Foundation

/// libFuzzer entry point of the `store` target: traps when `StoreFuzzCheck` finds a failure (see its comment).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStoreDecoder(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let failure = StoreFuzzCheck.failure(Data(bytes: bytes, count: count)) { fatalError(failure) }
    return 0
}
