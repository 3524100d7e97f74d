// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Devnet stand-in for the Synthetix v3 PerpsMarketProxy.
/// @notice The read ABI hedgewatch uses, function for function and struct for struct as the deployed proxy
/// (IPerpsMarketModule, IMarketConfigurationModule, IFeatureFlagModule), with the proxy's units: sizes, skew and
/// open interest in native units D18, prices in USD D18, funding rate per day D18, funding velocity per day per day.
/// The owner sets the state directly instead of trading. When the Pyth price is marked stale, the price-dependent
/// views (indexPrice, getMarketSummary, fillPrice) revert with ERC-7412's OracleDataRequired, as the real ones do
/// when the on-chain Pyth price is older than the node's tolerance; the price-free views keep answering.
contract SynthetixPerpsMarket {
    struct MarketSummary {
        int256 skew;
        uint256 size;
        uint256 maxOpenInterest;
        int256 currentFundingRate;
        int256 currentFundingVelocity;
        uint256 indexPrice;
    }

    struct Market {
        bool exists;
        string name;
        string symbol;
        bytes32 pythPriceId;
        int256 skew;
        uint256 size;
        int256 currentFundingRate;
        int256 currentFundingVelocity;
        uint256 indexPrice;
        uint256 skewScale;
        uint256 maxFundingVelocity;
        uint256 maxMarketSize;
        uint256 maxMarketValue;
    }

    /// ERC-7412: the caller must fulfil `oracleQuery` at `oracleContract` (PythERC7412Wrapper) and retry.
    error OracleDataRequired(address oracleContract, bytes oracleQuery);
    error InvalidMarket(uint128 marketId);
    error Unauthorized(address addr);
    error NotAContract(address contr);

    event MarketUpdated(
        uint128 marketId,
        uint256 price,
        int256 skew,
        uint256 size,
        int256 sizeDelta,
        int256 currentFundingRate,
        int256 currentFundingVelocity,
        uint128 interestRate
    );
    event FeatureFlagDenyAllSet(bytes32 indexed feature, bool denyAll);
    event FeatureFlagAllowAllSet(bytes32 indexed feature, bool allowAll);
    event Upgraded(address indexed self, address implementation);

    /// PythERC7412Wrapper's update type for "latest price no older than the tolerance".
    uint8 private constant UPDATE_TYPE_LATEST = 1;
    bytes32 private constant PERPS_SYSTEM = "perpsSystem";
    /// keccak256(abi.encode("io.synthetix.core-contracts.Proxy")): where Synthetix v3's UUPS proxy keeps its
    /// implementation (ProxyStorage), so a monitor reads it from the same slot as on a real deployment.
    bytes32 private constant PROXY_SLOT = 0x5a648c35a2f5512218b4683cf10e03f5b7c9dc7346e1bf77d304ae97f60f592b;

    address public owner;
    /// The contract an OracleDataRequired revert names (the Pyth ERC-7412 wrapper on a real deployment).
    address public immutable oracleContract;
    /// The staleness tolerance, seconds, that an OracleDataRequired query carries.
    uint64 public immutable stalenessTolerance;
    /// Test switch: true makes every price-dependent view revert OracleDataRequired.
    bool public oracleStale;

    uint128[] private marketIds;
    mapping(uint128 => Market) private markets;
    mapping(bytes32 => bool) private denyAll;
    mapping(bytes32 => bool) private allowAll;
    mapping(bytes32 => mapping(address => bool)) private allowlist;

    constructor(address oracleContract_, uint64 stalenessTolerance_) {
        owner = msg.sender;
        oracleContract = oracleContract_;
        stalenessTolerance = stalenessTolerance_;
        allowAll[PERPS_SYSTEM] = true;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        _;
    }

    // ---- test hooks ----

    /// @notice Test hook: lists a market (ids in creation order in getMarkets()).
    function createMarket(uint128 marketId, string calldata name, string calldata symbol, bytes32 pythPriceId)
        external
        onlyOwner
    {
        Market storage m = markets[marketId];
        if (!m.exists) {
            marketIds.push(marketId);
        }
        m.exists = true;
        m.name = name;
        m.symbol = symbol;
        m.pythPriceId = pythPriceId;
    }

    /// @notice Test hook: sets the market's state as a settled order would leave it; emits MarketUpdated.
    function setMarketState(
        uint128 marketId,
        int256 skew_,
        uint256 size_,
        int256 currentFundingRate_,
        int256 currentFundingVelocity_,
        uint256 indexPrice_
    ) external onlyOwner {
        Market storage m = validMarket(marketId);
        int256 sizeDelta = int256(size_) - int256(m.size);
        m.skew = skew_;
        m.size = size_;
        m.currentFundingRate = currentFundingRate_;
        m.currentFundingVelocity = currentFundingVelocity_;
        m.indexPrice = indexPrice_;
        emit MarketUpdated(
            marketId, indexPrice_, skew_, size_, sizeDelta, currentFundingRate_, currentFundingVelocity_, 0
        );
    }

    /// @notice Test hook: true makes indexPrice, getMarketSummary and fillPrice revert OracleDataRequired.
    function setOracleStale(bool stale) external onlyOwner {
        oracleStale = stale;
    }

    function setFundingParameters(uint128 marketId, uint256 skewScale, uint256 maxFundingVelocity)
        external
        onlyOwner
    {
        Market storage m = validMarket(marketId);
        m.skewScale = skewScale;
        m.maxFundingVelocity = maxFundingVelocity;
    }

    function setMaxMarketSize(uint128 marketId, uint256 maxMarketSize) external onlyOwner {
        validMarket(marketId).maxMarketSize = maxMarketSize;
    }

    function setMaxMarketValue(uint128 marketId, uint256 maxMarketValue) external onlyOwner {
        validMarket(marketId).maxMarketValue = maxMarketValue;
    }

    function setFeatureFlagDenyAll(bytes32 feature, bool deny) external onlyOwner {
        denyAll[feature] = deny;
        emit FeatureFlagDenyAllSet(feature, deny);
    }

    function setFeatureFlagAllowAll(bytes32 feature, bool allow) external onlyOwner {
        allowAll[feature] = allow;
        emit FeatureFlagAllowAllSet(feature, allow);
    }

    function addToFeatureFlagAllowlist(bytes32 feature, address account) external onlyOwner {
        allowlist[feature][account] = true;
    }

    // ---- IUpgradeModule ----

    /// @notice As UpgradeModule.upgradeTo: the owner points the proxy at a new implementation. Only the proxy slot
    /// changes here (the stand-in keeps answering with its own code), which is what an upgrade looks like from outside.
    function upgradeTo(address newImplementation) external onlyOwner {
        if (newImplementation.code.length == 0) revert NotAContract(newImplementation);
        bytes32 slot = PROXY_SLOT;
        assembly {
            sstore(slot, newImplementation)
        }
        emit Upgraded(address(this), newImplementation);
    }

    function getImplementation() external view returns (address implementation) {
        bytes32 slot = PROXY_SLOT;
        assembly {
            implementation := sload(slot)
        }
    }

    // ---- IPerpsMarketModule ----

    function metadata(uint128 marketId) external view returns (string memory name, string memory symbol) {
        Market storage m = markets[marketId];
        return (m.name, m.symbol);
    }

    function skew(uint128 marketId) external view returns (int256) {
        return markets[marketId].skew;
    }

    function size(uint128 marketId) external view returns (uint256) {
        return markets[marketId].size;
    }

    function maxOpenInterest(uint128 marketId) external view returns (uint256) {
        return markets[marketId].maxMarketSize;
    }

    function currentFundingRate(uint128 marketId) external view returns (int256) {
        return markets[marketId].currentFundingRate;
    }

    function currentFundingVelocity(uint128 marketId) external view returns (int256) {
        return markets[marketId].currentFundingVelocity;
    }

    function indexPrice(uint128 marketId) external view returns (uint256) {
        return currentPrice(validMarket(marketId));
    }

    /// @notice The price an order of `orderSize` fills at, given `price`: the average of the skew-adjusted
    /// prices before and after the order (premium = skew / skewScale).
    function fillPrice(uint128 marketId, int128 orderSize, uint256 price) external view returns (uint256) {
        Market storage m = validMarket(marketId);
        currentPrice(m);
        if (m.skewScale == 0) {
            return price;
        }
        int256 scale = int256(m.skewScale);
        int256 numerator = 2 * scale + 2 * m.skew + int256(orderSize);
        int256 fill = (int256(price) * numerator) / (2 * scale);
        return fill > 0 ? uint256(fill) : 0;
    }

    function getMarketSummary(uint128 marketId) external view returns (MarketSummary memory summary) {
        Market storage m = validMarket(marketId);
        summary.skew = m.skew;
        summary.size = m.size;
        summary.maxOpenInterest = m.maxMarketSize;
        summary.currentFundingRate = m.currentFundingRate;
        summary.currentFundingVelocity = m.currentFundingVelocity;
        summary.indexPrice = currentPrice(m);
    }

    // ---- IPerpsMarketFactoryModule ----

    function getMarkets() external view returns (uint256[] memory ids) {
        ids = new uint256[](marketIds.length);
        for (uint256 i = 0; i < marketIds.length; i++) {
            ids[i] = marketIds[i];
        }
    }

    // ---- IMarketConfigurationModule ----

    function getFundingParameters(uint128 marketId)
        external
        view
        returns (uint256 skewScale, uint256 maxFundingVelocity)
    {
        Market storage m = markets[marketId];
        return (m.skewScale, m.maxFundingVelocity);
    }

    function getMaxMarketSize(uint128 marketId) external view returns (uint256 maxMarketSize) {
        return markets[marketId].maxMarketSize;
    }

    function getMaxMarketValue(uint128 marketId) external view returns (uint256 maxMarketValue) {
        return markets[marketId].maxMarketValue;
    }

    // ---- IFeatureFlagModule ----

    function getFeatureFlagDenyAll(bytes32 feature) external view returns (bool) {
        return denyAll[feature];
    }

    function getFeatureFlagAllowAll(bytes32 feature) external view returns (bool) {
        return allowAll[feature];
    }

    function isFeatureAllowed(bytes32 feature, address account) external view returns (bool) {
        return !denyAll[feature] && (allowAll[feature] || allowlist[feature][account]);
    }

    // ---- internals ----

    function validMarket(uint128 marketId) private view returns (Market storage m) {
        m = markets[marketId];
        if (!m.exists) revert InvalidMarket(marketId);
    }

    function currentPrice(Market storage m) private view returns (uint256) {
        if (oracleStale) {
            bytes32[] memory priceIds = new bytes32[](1);
            priceIds[0] = m.pythPriceId;
            revert OracleDataRequired(
                oracleContract, abi.encode(UPDATE_TYPE_LATEST, stalenessTolerance, priceIds)
            );
        }
        return m.indexPrice;
    }
}
