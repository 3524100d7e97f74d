// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Implementation placed behind the devnet's UpgradeableProxy.
/// @notice Ownable + Pausable with OpenZeppelin 5's read ABI, events and custom errors. State is set through
/// initialize() because a proxy never runs the implementation's constructor.
contract PausableTarget {
    error OwnableUnauthorizedAccount(address account);
    error OwnableInvalidOwner(address owner);
    error EnforcedPause();
    error ExpectedPause();
    error InvalidInitialization();

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event Paused(address account);
    event Unpaused(address account);

    address private _owner;
    bool private _paused;
    bool private _initialized;

    /// @notice Distinguishes implementations in upgrade tests.
    uint256 public immutable revision;

    constructor(uint256 revision_) {
        revision = revision_;
        // The implementation contract itself can never be initialised: only proxies over it can.
        _initialized = true;
    }

    function initialize(address initialOwner) external {
        if (_initialized) revert InvalidInitialization();
        if (initialOwner == address(0)) revert OwnableInvalidOwner(address(0));
        _initialized = true;
        _transferOwnership(initialOwner);
    }

    modifier onlyOwner() {
        if (msg.sender != _owner) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    function owner() external view returns (address) {
        return _owner;
    }

    function paused() external view returns (bool) {
        return _paused;
    }

    function pause() external onlyOwner {
        if (_paused) revert EnforcedPause();
        _paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external onlyOwner {
        if (!_paused) revert ExpectedPause();
        _paused = false;
        emit Unpaused(msg.sender);
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert OwnableInvalidOwner(address(0));
        _transferOwnership(newOwner);
    }

    function renounceOwnership() external onlyOwner {
        _transferOwnership(address(0));
    }

    function _transferOwnership(address newOwner) private {
        address previous = _owner;
        _owner = newOwner;
        emit OwnershipTransferred(previous, newOwner);
    }
}
