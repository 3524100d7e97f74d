// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title The code hash and owner() of many contracts in one eth_call, without deploying anything.
/// @notice Never deployed: hedgewatch sends this creation code with the ABI-encoded list as the data of an
/// eth_call without `to` (a "deployless" call). The constructor answers for every address and reverts with the
/// answer as revert data, so no contract of ours need exist on the chain. Revert, not return: what a
/// constructor returns becomes runtime code, which nodes cap at 24,576 bytes (EIP-170: 255 answers) and
/// charge 200 gas a byte; revert data has neither limit, so one call carries as many addresses as the
/// 49,152 bytes of creation code allow (EIP-3860: about 1,500).
/// The answer is abi.encode((bytes32 codeHash, bool hasOwner, address owner)[]), one entry per address in
/// order: codeHash is EXTCODEHASH (0 for an account that does not exist, keccak256("") for one without
/// code); hasOwner is false when owner() reverted, returned fewer than 32 bytes or a word that is not an
/// address (hedgewatch's rule for an absent owner), and owner is then 0.
contract CodeOwnerProbe {
    /// The revert when gas runs low before every address is answered: the caller halves the list.
    error ProbeGasLow();

    /// Gas given to each owner(): enough for a proxy that delegates it (two cold storage reads and a cold
    /// delegatecall are about 7,000), bounded so one contract cannot spend the call's whole allowance.
    uint256 private constant OWNER_GAS = 50_000;

    /// Below this much gas left an owner() could get less than OWNER_GAS (the 63/64 rule) and fail for want
    /// of gas, which would read as "no owner": the probe reverts with ProbeGasLow instead.
    uint256 private constant GAS_RESERVE = 60_000;

    constructor(address[] memory targets) {
        uint256 n = targets.length;
        bytes memory answer = new bytes(64 + n * 96);
        bytes4 gasLow = ProbeGasLow.selector;
        assembly ("memory-safe") {
            let out := add(answer, 32)
            mstore(out, 32)
            mstore(add(out, 32), n)
            let entry := add(out, 64)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let target := mload(add(add(targets, 32), mul(i, 32)))
                mstore(entry, extcodehash(target))
                if lt(gas(), GAS_RESERVE) {
                    mstore(0, gasLow)
                    revert(0, 4)
                }
                // owner() through the scratch space: selector in, at most the first word out.
                mstore(0, shl(224, 0x8da5cb5b))
                let ok := staticcall(OWNER_GAS, target, 0, 4, 0, 32)
                let word := mload(0)
                let has := and(and(ok, iszero(lt(returndatasize(), 32))), iszero(shr(160, word)))
                mstore(add(entry, 32), has)
                mstore(add(entry, 64), mul(word, has))
                entry := add(entry, 96)
            }
            revert(out, mload(answer))
        }
    }
}
