// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Devnet stand-in for the GMX v2 DataStore.
/// @notice The DataStore's typed key-value reads (getUint, getInt, getBool, getAddress) and writes. Keys are
/// GMX's: keccak256(abi.encode(KEY_CONSTANT, ...parameters)) with KEY_CONSTANT = keccak256(abi.encode("NAME")).
/// Writes are restricted to the owner here (a controller role on the real store).
contract GmxDataStore {
    error Unauthorized(address msgSender, string role);

    address public owner;

    mapping(bytes32 => uint256) public uintValues;
    mapping(bytes32 => int256) public intValues;
    mapping(bytes32 => bool) public boolValues;
    mapping(bytes32 => address) public addressValues;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyController() {
        if (msg.sender != owner) revert Unauthorized(msg.sender, "CONTROLLER");
        _;
    }

    function getUint(bytes32 key) external view returns (uint256) {
        return uintValues[key];
    }

    function getInt(bytes32 key) external view returns (int256) {
        return intValues[key];
    }

    function getBool(bytes32 key) external view returns (bool) {
        return boolValues[key];
    }

    function getAddress(bytes32 key) external view returns (address) {
        return addressValues[key];
    }

    function setUint(bytes32 key, uint256 value) external onlyController returns (uint256) {
        uintValues[key] = value;
        return value;
    }

    function setInt(bytes32 key, int256 value) external onlyController returns (int256) {
        intValues[key] = value;
        return value;
    }

    function setBool(bytes32 key, bool value) external onlyController returns (bool) {
        boolValues[key] = value;
        return value;
    }

    function setAddress(bytes32 key, address value) external onlyController returns (address) {
        addressValues[key] = value;
        return value;
    }
}
