// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

interface IGmxDataStoreReads {
    function getUint(bytes32 key) external view returns (uint256);

    function getInt(bytes32 key) external view returns (int256);

    function getBool(bytes32 key) external view returns (bool);

    function getAddress(bytes32 key) external view returns (address);

    function containsBytes32(bytes32 setKey, bytes32 value) external view returns (bool);

    function getBytes32ValuesAt(bytes32 setKey, uint256 start, uint256 end) external view returns (bytes32[] memory);
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
///
/// getPosition and getAccountPositions read positions from the DataStore exactly where the real PositionStoreUtils
/// keeps them: a position's fields under keccak256(abi.encode(positionKey, FIELD)), the position in the bytes32 set
/// POSITION_LIST and in the account's set keccak256(abi.encode(ACCOUNT_POSITION_LIST, account)); a key not in
/// POSITION_LIST reads as an all-zero position, as on the real Reader.
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

    struct PositionAddresses {
        address account;
        address market;
        address collateralToken;
    }

    struct PositionNumbers {
        uint256 sizeInUsd;
        uint256 sizeInTokens;
        uint256 collateralAmount;
        int256 pendingImpactAmount;
        uint256 borrowingFactor;
        uint256 fundingFeeAmountPerSize;
        uint256 longTokenClaimableFundingAmountPerSize;
        uint256 shortTokenClaimableFundingAmountPerSize;
        uint256 increasedAtTime;
        uint256 decreasedAtTime;
    }

    struct PositionFlags {
        bool isLong;
    }

    /// Position.Props
    struct PositionProps {
        PositionAddresses addresses;
        PositionNumbers numbers;
        PositionFlags flags;
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

    bytes32 public constant POSITION_LIST = keccak256(abi.encode("POSITION_LIST"));
    bytes32 public constant ACCOUNT_POSITION_LIST = keccak256(abi.encode("ACCOUNT_POSITION_LIST"));
    bytes32 public constant ACCOUNT = keccak256(abi.encode("ACCOUNT"));
    bytes32 public constant MARKET = keccak256(abi.encode("MARKET"));
    bytes32 public constant COLLATERAL_TOKEN = keccak256(abi.encode("COLLATERAL_TOKEN"));
    bytes32 public constant SIZE_IN_USD = keccak256(abi.encode("SIZE_IN_USD"));
    bytes32 public constant SIZE_IN_TOKENS = keccak256(abi.encode("SIZE_IN_TOKENS"));
    bytes32 public constant COLLATERAL_AMOUNT = keccak256(abi.encode("COLLATERAL_AMOUNT"));
    bytes32 public constant PENDING_IMPACT_AMOUNT = keccak256(abi.encode("PENDING_IMPACT_AMOUNT"));
    bytes32 public constant BORROWING_FACTOR = keccak256(abi.encode("BORROWING_FACTOR"));
    bytes32 public constant FUNDING_FEE_AMOUNT_PER_SIZE = keccak256(abi.encode("FUNDING_FEE_AMOUNT_PER_SIZE"));
    bytes32 public constant LONG_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE =
        keccak256(abi.encode("LONG_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE"));
    bytes32 public constant SHORT_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE =
        keccak256(abi.encode("SHORT_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE"));
    bytes32 public constant INCREASED_AT_TIME = keccak256(abi.encode("INCREASED_AT_TIME"));
    bytes32 public constant DECREASED_AT_TIME = keccak256(abi.encode("DECREASED_AT_TIME"));
    bytes32 public constant IS_LONG = keccak256(abi.encode("IS_LONG"));

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

    /// @notice The position stored under `key` (keccak256(abi.encode(account, market, collateralToken, isLong))); all
    /// zero when there is none.
    function getPosition(address dataStore, bytes32 key) public view returns (PositionProps memory position) {
        IGmxDataStoreReads store = IGmxDataStoreReads(dataStore);
        if (!store.containsBytes32(POSITION_LIST, key)) {
            return position;
        }
        position.addresses.account = store.getAddress(keccak256(abi.encode(key, ACCOUNT)));
        position.addresses.market = store.getAddress(keccak256(abi.encode(key, MARKET)));
        position.addresses.collateralToken = store.getAddress(keccak256(abi.encode(key, COLLATERAL_TOKEN)));
        PositionNumbers memory n = position.numbers;
        n.sizeInUsd = store.getUint(keccak256(abi.encode(key, SIZE_IN_USD)));
        n.sizeInTokens = store.getUint(keccak256(abi.encode(key, SIZE_IN_TOKENS)));
        n.collateralAmount = store.getUint(keccak256(abi.encode(key, COLLATERAL_AMOUNT)));
        n.pendingImpactAmount = store.getInt(keccak256(abi.encode(key, PENDING_IMPACT_AMOUNT)));
        n.borrowingFactor = store.getUint(keccak256(abi.encode(key, BORROWING_FACTOR)));
        n.fundingFeeAmountPerSize = store.getUint(keccak256(abi.encode(key, FUNDING_FEE_AMOUNT_PER_SIZE)));
        n.longTokenClaimableFundingAmountPerSize =
            store.getUint(keccak256(abi.encode(key, LONG_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE)));
        n.shortTokenClaimableFundingAmountPerSize =
            store.getUint(keccak256(abi.encode(key, SHORT_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE)));
        n.increasedAtTime = store.getUint(keccak256(abi.encode(key, INCREASED_AT_TIME)));
        n.decreasedAtTime = store.getUint(keccak256(abi.encode(key, DECREASED_AT_TIME)));
        position.flags.isLong = store.getBool(keccak256(abi.encode(key, IS_LONG)));
    }

    /// @notice The account's positions [start, end) in the order of its position list.
    function getAccountPositions(address dataStore, address account, uint256 start, uint256 end)
        external
        view
        returns (PositionProps[] memory positions)
    {
        bytes32[] memory keys = IGmxDataStoreReads(dataStore).getBytes32ValuesAt(
            keccak256(abi.encode(ACCOUNT_POSITION_LIST, account)), start, end
        );
        positions = new PositionProps[](keys.length);
        for (uint256 i = 0; i < keys.length; i++) {
            positions[i] = getPosition(dataStore, keys[i]);
        }
    }
}
