// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

interface IGmxDataStoreReads {
    function getUint(bytes32 key) external view returns (uint256);

    function getInt(bytes32 key) external view returns (int256);

    function getBool(bytes32 key) external view returns (bool);

    function getAddress(bytes32 key) external view returns (address);
}

/// @title Devnet stand-in for the GMX v2 (synthetics) Reader.
/// @notice getMarket and getMarketInfo with the deployed Reader's ABI: the same arguments and the same static
/// struct tree (Market.Props, MarketUtils.MarketPrices, ReaderUtils.MarketInfo with its nested funding structs),
/// field for field. The answer is computed from the DataStore the caller names, in GMX's units (USD and factors
/// 1e30):
/// - the market's tokens from the market store's address keys, keccak256(abi.encode(marketKey, FIELD)) with
///   FIELD = keccak256(abi.encode("MARKET_TOKEN" | "INDEX_TOKEN" | "LONG_TOKEN" | "SHORT_TOKEN"));
/// - isDisabled from IS_MARKET_DISABLED, keccak256(abi.encode(IS_MARKET_DISABLED, market));
/// - funding from the adaptive-funding factor SAVED_FUNDING_FACTOR_PER_SECOND (signed, positive = longs pay):
///   fundingFactorPerSecond is its absolute value, longsPayShorts its sign, nextSavedFundingFactorPerSecond the
///   value itself (the devnet does not let it drift with time).
/// Borrowing, funding-per-size and virtual-inventory values are zero. The caller's prices are checked as the real
/// Reader needs them (non-zero, min <= max), and otherwise unused.
contract GmxReader {
    struct MarketProps {
        address marketToken;
        address indexToken;
        address longToken;
        address shortToken;
    }

    struct PriceProps {
        uint256 min;
        uint256 max;
    }

    struct MarketPrices {
        PriceProps indexTokenPrice;
        PriceProps longTokenPrice;
        PriceProps shortTokenPrice;
    }

    struct CollateralType {
        uint256 longToken;
        uint256 shortToken;
    }

    struct PositionType {
        CollateralType long;
        CollateralType short;
    }

    struct BaseFundingValues {
        PositionType fundingFeeAmountPerSize;
        PositionType claimableFundingAmountPerSize;
    }

    struct GetNextFundingAmountPerSizeResult {
        bool longsPayShorts;
        uint256 fundingFactorPerSecond;
        int256 nextSavedFundingFactorPerSecond;
        PositionType fundingFeeAmountPerSizeDelta;
        PositionType claimableFundingAmountPerSizeDelta;
    }

    struct VirtualInventory {
        uint256 virtualPoolAmountForLongToken;
        uint256 virtualPoolAmountForShortToken;
        int256 virtualInventoryForPositions;
    }

    struct MarketInfo {
        MarketProps market;
        uint256 borrowingFactorPerSecondForLongs;
        uint256 borrowingFactorPerSecondForShorts;
        BaseFundingValues baseFunding;
        GetNextFundingAmountPerSizeResult nextFunding;
        VirtualInventory virtualInventory;
        bool isDisabled;
    }

    error EmptyMarket();
    error InvalidMarketPrices(address marketKey);

    bytes32 public constant MARKET_TOKEN = keccak256(abi.encode("MARKET_TOKEN"));
    bytes32 public constant INDEX_TOKEN = keccak256(abi.encode("INDEX_TOKEN"));
    bytes32 public constant LONG_TOKEN = keccak256(abi.encode("LONG_TOKEN"));
    bytes32 public constant SHORT_TOKEN = keccak256(abi.encode("SHORT_TOKEN"));
    bytes32 public constant IS_MARKET_DISABLED = keccak256(abi.encode("IS_MARKET_DISABLED"));
    bytes32 public constant SAVED_FUNDING_FACTOR_PER_SECOND =
        keccak256(abi.encode("SAVED_FUNDING_FACTOR_PER_SECOND"));

    /// @notice The market stored under `key`; all zero when there is none (as the real Reader).
    function getMarket(address dataStore, address key) public view returns (MarketProps memory market) {
        IGmxDataStoreReads store = IGmxDataStoreReads(dataStore);
        market.marketToken = store.getAddress(keccak256(abi.encode(key, MARKET_TOKEN)));
        market.indexToken = store.getAddress(keccak256(abi.encode(key, INDEX_TOKEN)));
        market.longToken = store.getAddress(keccak256(abi.encode(key, LONG_TOKEN)));
        market.shortToken = store.getAddress(keccak256(abi.encode(key, SHORT_TOKEN)));
    }

    function getMarketInfo(address dataStore, MarketPrices memory prices, address marketKey)
        external
        view
        returns (MarketInfo memory info)
    {
        info.market = getMarket(dataStore, marketKey);
        if (info.market.marketToken == address(0)) revert EmptyMarket();
        if (!valid(prices.indexTokenPrice) || !valid(prices.longTokenPrice) || !valid(prices.shortTokenPrice)) {
            revert InvalidMarketPrices(marketKey);
        }
        IGmxDataStoreReads store = IGmxDataStoreReads(dataStore);
        int256 saved = store.getInt(keccak256(abi.encode(SAVED_FUNDING_FACTOR_PER_SECOND, marketKey)));
        info.nextFunding.longsPayShorts = saved > 0;
        info.nextFunding.fundingFactorPerSecond = saved < 0 ? uint256(-saved) : uint256(saved);
        info.nextFunding.nextSavedFundingFactorPerSecond = saved;
        info.isDisabled = store.getBool(keccak256(abi.encode(IS_MARKET_DISABLED, marketKey)));
    }

    function valid(PriceProps memory price) private pure returns (bool) {
        return price.min != 0 && price.max != 0 && price.min <= price.max;
    }
}
