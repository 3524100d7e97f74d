// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Devnet stand-in for the GMX v2 DataStore.
/// @notice The DataStore's typed key-value reads (getUint, getInt, getBool, getAddress) and writes, and its bytes32
/// sets (where GMX keeps the position list and each account's position keys). Keys are GMX's:
/// keccak256(abi.encode(KEY_CONSTANT, ...parameters)) with KEY_CONSTANT = keccak256(abi.encode("NAME")).
/// Writes are restricted to the owner here (a controller role on the real store).
contract GmxDataStore {
    error Unauthorized(address msgSender, string role);

    address public owner;

    mapping(bytes32 => uint256) public uintValues;
    mapping(bytes32 => int256) public intValues;
    mapping(bytes32 => bool) public boolValues;
    mapping(bytes32 => address) public addressValues;

    /// setKey => members in insertion order (a removal moves the last member into the gap, as EnumerableSet)
    mapping(bytes32 => bytes32[]) private bytes32SetValues;
    /// setKey => member => its index + 1 (0 = absent)
    mapping(bytes32 => mapping(bytes32 => uint256)) private bytes32SetIndex;

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

    function containsBytes32(bytes32 setKey, bytes32 value) external view returns (bool) {
        return bytes32SetIndex[setKey][value] != 0;
    }

    function getBytes32Count(bytes32 setKey) external view returns (uint256) {
        return bytes32SetValues[setKey].length;
    }

    /// @notice The members at [start, end), `end` capped at the set's size (EnumerableValues.valuesAt).
    function getBytes32ValuesAt(bytes32 setKey, uint256 start, uint256 end) external view returns (bytes32[] memory) {
        bytes32[] storage values = bytes32SetValues[setKey];
        uint256 max = values.length;
        if (start >= max) {
            return new bytes32[](0);
        }
        if (end > max) {
            end = max;
        }
        bytes32[] memory items = new bytes32[](end - start);
        for (uint256 i = start; i < end; i++) {
            items[i - start] = values[i];
        }
        return items;
    }

    function addBytes32(bytes32 setKey, bytes32 value) external onlyController {
        if (bytes32SetIndex[setKey][value] != 0) {
            return;
        }
        bytes32SetValues[setKey].push(value);
        bytes32SetIndex[setKey][value] = bytes32SetValues[setKey].length;
    }

    function removeBytes32(bytes32 setKey, bytes32 value) external onlyController {
        uint256 index = bytes32SetIndex[setKey][value];
        if (index == 0) {
            return;
        }
        bytes32[] storage values = bytes32SetValues[setKey];
        bytes32 last = values[values.length - 1];
        values[index - 1] = last;
        bytes32SetIndex[setKey][last] = index;
        values.pop();
        delete bytes32SetIndex[setKey][value];
    }
}
