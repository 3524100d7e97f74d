// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

interface IAggregatorV2V3 {
    function decimals() external view returns (uint8);
    function description() external view returns (string memory);
    function version() external view returns (uint256);
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
    function latestAnswer() external view returns (int256);
    function latestTimestamp() external view returns (uint256);
    function latestRound() external view returns (uint256);
    function getAnswer(uint256 roundId) external view returns (int256);
    function getTimestamp(uint256 roundId) external view returns (uint256);
}

/// @title Devnet stand-in for Chainlink's EACAggregatorProxy (the address consumers read).
/// @notice Same read ABI and round-id scheme as the real proxy: every aggregator confirmed on the proxy opens a new
/// phase, and proxy round ids are (phaseId << 64) | aggregatorRoundId. No read access control (accessController()
/// is the zero address, as on public feeds). Emits AggregatorProposed/AggregatorConfirmed like the v0.7 proxy.
contract ChainlinkAggregatorProxy {
    struct Phase {
        uint16 id;
        IAggregatorV2V3 aggregator;
    }

    uint256 private constant PHASE_OFFSET = 64;
    uint256 private constant PHASE_SIZE = 16;
    uint256 private constant MAX_ID = 2 ** (PHASE_OFFSET + PHASE_SIZE) - 1;

    event AggregatorProposed(address indexed current, address indexed proposed);
    event AggregatorConfirmed(address indexed previous, address indexed latest);
    event OwnershipTransferRequested(address indexed from, address indexed to);
    event OwnershipTransferred(address indexed from, address indexed to);

    address public owner;
    address private pendingOwner;
    address public accessController;
    IAggregatorV2V3 public proposedAggregator;
    mapping(uint16 => IAggregatorV2V3) public phaseAggregators;
    Phase private currentPhase;

    constructor(address aggregator_) {
        owner = msg.sender;
        _setAggregator(aggregator_);
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "Only callable by owner");
        _;
    }

    modifier hasProposal() {
        require(address(proposedAggregator) != address(0), "No proposed aggregator present");
        _;
    }

    function aggregator() external view returns (address) {
        return address(currentPhase.aggregator);
    }

    function phaseId() external view returns (uint16) {
        return currentPhase.id;
    }

    function decimals() external view returns (uint8) {
        return currentPhase.aggregator.decimals();
    }

    function description() external view returns (string memory) {
        return currentPhase.aggregator.description();
    }

    function version() external view returns (uint256) {
        return currentPhase.aggregator.version();
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Phase memory current = currentPhase;
        (roundId, answer, startedAt, updatedAt, answeredInRound) = current.aggregator.latestRoundData();
        return (_addPhase(current.id, roundId), answer, startedAt, updatedAt, _addPhase(current.id, answeredInRound));
    }

    /// @notice Routed to the phase's aggregator; a phase that never existed calls address zero and reverts.
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        (uint16 phase, uint64 aggregatorRoundId) = _parseIds(_roundId);
        (roundId, answer, startedAt, updatedAt, answeredInRound) =
            phaseAggregators[phase].getRoundData(aggregatorRoundId);
        return (_addPhase(phase, roundId), answer, startedAt, updatedAt, _addPhase(phase, answeredInRound));
    }

    function latestAnswer() external view returns (int256) {
        return currentPhase.aggregator.latestAnswer();
    }

    function latestTimestamp() external view returns (uint256) {
        return currentPhase.aggregator.latestTimestamp();
    }

    function latestRound() external view returns (uint256) {
        Phase memory current = currentPhase;
        return _addPhase(current.id, uint80(current.aggregator.latestRound()));
    }

    function getAnswer(uint256 _roundId) external view returns (int256) {
        if (_roundId > MAX_ID) return 0;
        (uint16 phase, uint64 aggregatorRoundId) = _parseIds(_roundId);
        IAggregatorV2V3 target = phaseAggregators[phase];
        if (address(target) == address(0)) return 0;
        return target.getAnswer(aggregatorRoundId);
    }

    function getTimestamp(uint256 _roundId) external view returns (uint256) {
        if (_roundId > MAX_ID) return 0;
        (uint16 phase, uint64 aggregatorRoundId) = _parseIds(_roundId);
        IAggregatorV2V3 target = phaseAggregators[phase];
        if (address(target) == address(0)) return 0;
        return target.getTimestamp(aggregatorRoundId);
    }

    function proposedLatestRoundData()
        external
        view
        hasProposal
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return proposedAggregator.latestRoundData();
    }

    function proposedGetRoundData(uint80 _roundId)
        external
        view
        hasProposal
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return proposedAggregator.getRoundData(_roundId);
    }

    function proposeAggregator(address _aggregator) external onlyOwner {
        proposedAggregator = IAggregatorV2V3(_aggregator);
        emit AggregatorProposed(address(currentPhase.aggregator), _aggregator);
    }

    function confirmAggregator(address _aggregator) external onlyOwner {
        require(_aggregator == address(proposedAggregator), "Invalid proposed aggregator");
        address previous = address(currentPhase.aggregator);
        delete proposedAggregator;
        _setAggregator(_aggregator);
        emit AggregatorConfirmed(previous, _aggregator);
    }

    function transferOwnership(address _to) external onlyOwner {
        pendingOwner = _to;
        emit OwnershipTransferRequested(owner, _to);
    }

    function acceptOwnership() external {
        require(msg.sender == pendingOwner, "Must be proposed owner");
        address previous = owner;
        owner = msg.sender;
        pendingOwner = address(0);
        emit OwnershipTransferred(previous, msg.sender);
    }

    function _setAggregator(address _aggregator) private {
        uint16 id = currentPhase.id + 1;
        currentPhase = Phase(id, IAggregatorV2V3(_aggregator));
        phaseAggregators[id] = IAggregatorV2V3(_aggregator);
    }

    function _addPhase(uint16 phase, uint80 originalId) private pure returns (uint80) {
        return uint80(uint256(phase) << PHASE_OFFSET | uint64(originalId));
    }

    function _parseIds(uint256 roundId) private pure returns (uint16, uint64) {
        return (uint16(roundId >> PHASE_OFFSET), uint64(roundId));
    }
}
