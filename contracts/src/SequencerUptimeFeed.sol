// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Devnet stand-in for a Chainlink L2 sequencer uptime feed.
/// @notice AggregatorV3Interface read ABI: answer 0 = sequencer up, 1 = down; startedAt = when the status last
/// changed (as reported from L1); updatedAt = the L2 block time of the last status message. Like the real feed,
/// a message with an unchanged status only refreshes updatedAt of the current round, a message older than the
/// current round's startedAt is ignored, and only a status change opens a new round.
contract SequencerUptimeFeed {
    struct Round {
        bool down;
        uint64 startedAt;
        uint64 updatedAt;
    }

    error NoDataPresent();

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    event RoundUpdated(int256 status, uint64 updatedAt);
    event UpdateIgnored(bool latestStatus, uint64 latestTimestamp, bool incomingStatus, uint64 incomingTimestamp);

    uint8 public constant decimals = 0;
    string public constant description = "L2 Sequencer Uptime Status Feed";
    uint256 public constant version = 1;

    address public owner;
    uint80 private latestRoundId;
    mapping(uint80 => Round) private rounds;

    constructor(bool initialDown, uint64 initialStartedAt) {
        owner = msg.sender;
        _recordRound(1, initialDown, initialStartedAt);
    }

    function typeAndVersion() external pure returns (string memory) {
        return "SequencerUptimeFeed 1.0.0";
    }

    /// @notice Test hook standing in for the L1 -> L2 status message.
    function updateStatus(bool down, uint64 timestamp) external {
        require(msg.sender == owner, "Only callable by owner");
        Round memory latest = rounds[latestRoundId];
        if (timestamp < latest.startedAt) {
            emit UpdateIgnored(latest.down, latest.startedAt, down, timestamp);
            return;
        }
        if (latest.down == down) {
            rounds[latestRoundId].updatedAt = uint64(block.timestamp);
            emit RoundUpdated(_answer(down), uint64(block.timestamp));
        } else {
            _recordRound(latestRoundId + 1, down, timestamp);
        }
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _roundData(latestRoundId);
    }

    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (_roundId == 0 || _roundId > latestRoundId) revert NoDataPresent();
        return _roundData(_roundId);
    }

    function latestAnswer() external view returns (int256) {
        return _answer(rounds[latestRoundId].down);
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestRoundId].startedAt;
    }

    function latestRound() external view returns (uint256) {
        return latestRoundId;
    }

    function _roundData(uint80 id) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = rounds[id];
        return (id, _answer(r.down), r.startedAt, r.updatedAt, id);
    }

    function _recordRound(uint80 id, bool down, uint64 startedAt) private {
        latestRoundId = id;
        rounds[id] = Round(down, startedAt, uint64(block.timestamp));
        emit NewRound(id, msg.sender, startedAt);
        emit AnswerUpdated(_answer(down), id, startedAt);
    }

    function _answer(bool down) private pure returns (int256) {
        return down ? int256(1) : int256(0);
    }
}
