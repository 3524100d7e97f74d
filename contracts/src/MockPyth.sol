// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Devnet stand-in for the Pyth EVM contract.
/// @notice Read ABI, structs, errors and the PriceFeedUpdate event as IPyth / PythStructs / PythErrors /
/// IPythEvents. Prices are set by the owner instead of by verified Wormhole updates.
contract MockPyth {
    struct Price {
        int64 price;
        uint64 conf;
        int32 expo;
        uint publishTime;
    }

    struct PriceFeed {
        bytes32 id;
        Price price;
        Price emaPrice;
    }

    error PriceFeedNotFound();
    error StalePrice();

    event PriceFeedUpdate(bytes32 indexed id, uint64 publishTime, int64 price, uint64 conf);

    address public owner;
    uint private immutable validTimePeriod;
    uint private immutable singleUpdateFeeInWei;
    mapping(bytes32 => PriceFeed) private feeds;

    constructor(uint validTimePeriod_, uint singleUpdateFeeInWei_) {
        owner = msg.sender;
        validTimePeriod = validTimePeriod_;
        singleUpdateFeeInWei = singleUpdateFeeInWei_;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "Only callable by owner");
        _;
    }

    /// @notice Test hook: stores the latest price of `id` (creating the feed; its EMA starts equal to the price).
    function setPrice(bytes32 id, int64 price, uint64 conf, int32 expo, uint64 publishTime) external onlyOwner {
        PriceFeed storage feed = feeds[id];
        if (feed.emaPrice.publishTime == 0) {
            feed.emaPrice = Price(price, conf, expo, publishTime);
        }
        feed.id = id;
        feed.price = Price(price, conf, expo, publishTime);
        emit PriceFeedUpdate(id, publishTime, price, conf);
    }

    /// @notice Test hook: stores the EMA price of an existing feed.
    function setEmaPrice(bytes32 id, int64 price, uint64 conf, int32 expo, uint64 publishTime) external onlyOwner {
        if (!priceFeedExists(id)) revert PriceFeedNotFound();
        feeds[id].emaPrice = Price(price, conf, expo, publishTime);
    }

    function getValidTimePeriod() external view returns (uint) {
        return validTimePeriod;
    }

    function getUpdateFee(bytes[] calldata updateData) external view returns (uint feeAmount) {
        return singleUpdateFeeInWei * updateData.length;
    }

    function priceFeedExists(bytes32 id) public view returns (bool) {
        return feeds[id].price.publishTime != 0;
    }

    function queryPriceFeed(bytes32 id) public view returns (PriceFeed memory priceFeed) {
        priceFeed = feeds[id];
        if (priceFeed.price.publishTime == 0) revert PriceFeedNotFound();
    }

    function getPriceUnsafe(bytes32 id) public view returns (Price memory price) {
        return queryPriceFeed(id).price;
    }

    function getEmaPriceUnsafe(bytes32 id) public view returns (Price memory price) {
        return queryPriceFeed(id).emaPrice;
    }

    /// @notice Reverts StalePrice() when publishTime is more than `age` seconds away from the block time (either
    /// way, as the real contract measures the absolute difference).
    function getPriceNoOlderThan(bytes32 id, uint age) public view returns (Price memory price) {
        price = getPriceUnsafe(id);
        if (_distance(block.timestamp, price.publishTime) > age) revert StalePrice();
    }

    function getEmaPriceNoOlderThan(bytes32 id, uint age) public view returns (Price memory price) {
        price = getEmaPriceUnsafe(id);
        if (_distance(block.timestamp, price.publishTime) > age) revert StalePrice();
    }

    /// @notice Deprecated in IPyth; kept because older integrations still call it.
    function getPrice(bytes32 id) external view returns (Price memory price) {
        return getPriceNoOlderThan(id, validTimePeriod);
    }

    function getEmaPrice(bytes32 id) external view returns (Price memory price) {
        return getEmaPriceNoOlderThan(id, validTimePeriod);
    }

    function _distance(uint a, uint b) private pure returns (uint) {
        return a > b ? a - b : b - a;
    }
}
