// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import "./ChainlinkAggregator.sol";

/// @title Devnet-only batch deployer of ChainlinkAggregator.
/// @notice Deploys many distinct aggregators (the same contract, each with its own storage and owner) in one
/// transaction, so that a test wanting a thousand feeds pays a few dozen transactions instead of two thousand.
/// Each aggregator optionally gets its first round here (while this factory still owns it), then is handed to the
/// caller, so it behaves afterwards exactly like one the caller deployed itself.
contract ChainlinkAggregatorFactory {
    event AggregatorDeployed(address indexed aggregator, uint256 index);

    /// @param firstIndex the index of the first aggregator: descriptions are descriptionPrefix + index
    /// @param firstAnswers empty for aggregators without rounds, else one first answer per aggregator (bounds-checked
    /// like transmit), all at `updatedAt`
    function deployAggregators(
        uint256 firstIndex,
        uint256 count,
        uint8 decimals,
        string calldata descriptionPrefix,
        int192 minAnswer,
        int192 maxAnswer,
        int256[] calldata firstAnswers,
        uint256 updatedAt
    ) external {
        require(firstAnswers.length == 0 || firstAnswers.length == count, "firstAnswers must be empty or one per aggregator");
        for (uint256 i = 0; i < count; i++) {
            ChainlinkAggregator aggregator = _deploy(descriptionPrefix, firstIndex + i, decimals, minAnswer, maxAnswer);
            if (firstAnswers.length != 0) {
                aggregator.transmit(firstAnswers[i], updatedAt);
            }
            aggregator.transferOwnership(msg.sender);
            emit AggregatorDeployed(address(aggregator), firstIndex + i);
        }
    }

    function _deploy(string calldata descriptionPrefix, uint256 index, uint8 decimals, int192 minAnswer, int192 maxAnswer)
        private
        returns (ChainlinkAggregator)
    {
        return new ChainlinkAggregator(decimals, string.concat(descriptionPrefix, _decimal(index)), minAnswer, maxAnswer);
    }

    function _decimal(uint256 value) private pure returns (string memory) {
        if (value == 0) {
            return "0";
        }
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) {
            digits++;
        }
        bytes memory out = new bytes(digits);
        for (; value != 0; value /= 10) {
            out[--digits] = bytes1(uint8(48 + (value % 10)));
        }
        return string(out);
    }
}
