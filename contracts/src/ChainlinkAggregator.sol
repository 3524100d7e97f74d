// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Devnet stand-in for a Chainlink OCR aggregator (the contract behind a feed proxy).
/// @notice Read ABI as the real OffchainAggregator / AccessControlledOffchainAggregator: AggregatorV2V3Interface
/// plus minAnswer()/maxAnswer() (int192) and typeAndVersion(). Rounds are written by the owner instead of by
/// signed OCR reports. As on the real contract, an answer strictly outside [minAnswer, maxAnswer] is rejected
/// (the feed freezes at its last answer); an answer equal to a bound is accepted.
contract ChainlinkAggregator {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
        uint80 answeredInRound;
        bool exists;
    }

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    event OwnershipTransferred(address indexed from, address indexed to);

    string private constant NO_DATA = "No data present";

    uint8 public immutable decimals;
    int192 public immutable minAnswer;
    int192 public immutable maxAnswer;
    string public description;
    address public owner;

    uint80 private latestRoundId;
    mapping(uint80 => Round) private rounds;

    constructor(uint8 decimals_, string memory description_, int192 minAnswer_, int192 maxAnswer_) {
        require(minAnswer_ <= maxAnswer_, "minAnswer must not exceed maxAnswer");
        decimals = decimals_;
        description = description_;
        minAnswer = minAnswer_;
        maxAnswer = maxAnswer_;
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "Only callable by owner");
        _;
    }

    /// @notice OCR aggregators report version 4.
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @notice Reported as the real contract does, so that readers treat the devnet feed like a mainnet one.
    function typeAndVersion() external pure returns (string memory) {
        return "AccessControlledOffchainAggregator 4.0.0";
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        // Like the real aggregator, latestRoundData does not revert before the first round: it returns zeros.
        Round storage r = rounds[latestRoundId];
        return (latestRoundId, r.answer, r.startedAt, r.updatedAt, r.answeredInRound);
    }

    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round storage r = rounds[_roundId];
        require(r.exists, NO_DATA);
        return (_roundId, r.answer, r.startedAt, r.updatedAt, r.answeredInRound);
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestRoundId].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestRoundId].updatedAt;
    }

    function latestRound() external view returns (uint256) {
        return latestRoundId;
    }

    function getAnswer(uint256 roundId) external view returns (int256) {
        if (roundId > type(uint80).max) return 0;
        return rounds[uint80(roundId)].answer;
    }

    function getTimestamp(uint256 roundId) external view returns (uint256) {
        if (roundId > type(uint80).max) return 0;
        return rounds[uint80(roundId)].updatedAt;
    }

    /// @notice Test hook: a normal OCR transmission. Opens the next round with startedAt = updatedAt = `updatedAt`.
    function transmit(int256 answer, uint256 updatedAt) external onlyOwner returns (uint80 roundId) {
        require(minAnswer <= answer && answer <= maxAnswer, "median is out of min-max range");
        roundId = latestRoundId + 1;
        _store(roundId, answer, updatedAt, updatedAt, roundId);
    }

    /// @notice Test hook: plants an arbitrary next round, for shapes a real feed can present (updatedAt 0 =
    /// incomplete round, answeredInRound behind roundId, non-positive answers). Deliberately not bounds-checked.
    function transmitRound(int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
        external
        onlyOwner
        returns (uint80 roundId)
    {
        roundId = latestRoundId + 1;
        _store(roundId, answer, startedAt, updatedAt, answeredInRound);
    }

    /// @notice Devnet-only seeding hook: many normal transmissions in one transaction (answers[i] at updatedAts[i]),
    /// each bounds-checked like transmit, so that a long history costs a few transactions instead of one per round.
    function postRounds(int256[] calldata answers, uint256[] calldata updatedAts)
        external
        onlyOwner
        returns (uint80 lastRoundId)
    {
        require(answers.length == updatedAts.length, "answers and updatedAts differ in length");
        lastRoundId = latestRoundId;
        for (uint256 i = 0; i < answers.length; i++) {
            require(minAnswer <= answers[i] && answers[i] <= maxAnswer, "median is out of min-max range");
            lastRoundId++;
            _store(lastRoundId, answers[i], updatedAts[i], updatedAts[i], lastRoundId);
        }
    }

    function transferOwnership(address to) external onlyOwner {
        emit OwnershipTransferred(owner, to);
        owner = to;
    }

    function _store(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
        private
    {
        rounds[roundId] = Round(answer, startedAt, updatedAt, answeredInRound, true);
        latestRoundId = roundId;
        emit NewRound(roundId, msg.sender, startedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
    }
}
